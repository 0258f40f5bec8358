# The retention and upsell funnel template (XLSX).

funnel-title = Воронка удержания и допродаж
funnel-author = LTV-бот
funnel-sheet = Воронка
funnel-howto-sheet = Как пользоваться

## Columns

funnel-column-day = День
funnel-column-stage = Этап
funnel-column-goal = Цель
funnel-column-trigger = Триггер
funnel-column-channel = Канал
funnel-column-message = Что отправить
funnel-column-metric = Какую метрику смотреть
funnel-column-own-text = Ваш текст
funnel-column-status = Статус

# The choices of the status column, separated by commas (no comma inside a choice).
funnel-statuses = не начато,в работе,готово
funnel-status-title = Статус этапа
funnel-status-prompt = Выберите из списка: не начато, в работе, готово.

## Stages: days after the first purchase

funnel-stage-0-stage = Покупка: приветствие и доступ
funnel-stage-0-goal = Клиент сразу понимает, где доступ и с чего начать
funnel-stage-0-trigger = Оплата прошла
funnel-stage-0-channel = Telegram + e-mail
funnel-stage-0-message = «Спасибо за покупку! Доступ — по ссылке. Начните с урока 1: за 15 минут вы …» (назовите первый результат). Ссылка на чат учеников.
funnel-stage-0-metric = Доля открывших доступ в первые 24 часа

funnel-stage-1-stage = Первый шаг
funnel-stage-1-goal = Довести до первого урока
funnel-stage-1-trigger = Прошли сутки, а первый урок не открыт
funnel-stage-1-channel = Push / Telegram
funnel-stage-1-message = Короткое напоминание и минутное видео: «Вот что вы сделаете сегодня за один вечер». Ссылка ведёт прямо в урок, без входа в личный кабинет.
funnel-stage-1-metric = Доля начавших обучение

funnel-stage-3-stage = Вовлечение
funnel-stage-3-goal = Закрепить привычку и познакомить с сообществом
funnel-stage-3-trigger = Третий день после покупки
funnel-stage-3-channel = E-mail
funnel-stage-3-message = История ученика, который начинал в той же точке, и его результат в цифрах. Приглашение представиться в чате и задать первый вопрос.
funnel-stage-3-metric = Доля выполнивших первое задание и написавших в чат

funnel-stage-7-stage = Проверка первой недели
funnel-stage-7-goal = Найти застрявших, пока они не ушли
funnel-stage-7-trigger = За неделю пройдено меньше 30 % уроков
funnel-stage-7-channel = Telegram, лично
funnel-stage-7-message = «Вижу, вы остановились на уроке 2 — что помешало?» и разбор самой частой ошибки в этом месте. Предложение созвониться на 10 минут.
funnel-stage-7-metric = Доля вернувшихся к урокам за 3 дня

funnel-stage-14-stage = Результат и отзыв
funnel-stage-14-goal = Зафиксировать первый результат
funnel-stage-14-trigger = Две недели после покупки
funnel-stage-14-channel = E-mail + Telegram
funnel-stage-14-message = Вопрос «Что уже получилось?» с тремя вариантами ответа. Довольным — просьба об отзыве, остальным — помощь куратора.
funnel-stage-14-metric = Доля ответивших и оценка от 1 до 10

funnel-stage-30-stage = Допродажа
funnel-stage-30-goal = Предложить следующую ступень, пока результат свежий
funnel-stage-30-trigger = Пройдено больше половины программы
funnel-stage-30-channel = Telegram + e-mail
funnel-stage-30-message = Следующий продукт или тариф с обратной связью: что он даст после этого курса. Бонус для нынешних учеников, действует 5 дней.
funnel-stage-30-metric = Конверсия в допродажу

funnel-stage-60-stage = Повторная покупка
funnel-stage-60-goal = Вернуть к покупке тех, кто закончил
funnel-stage-60-trigger = 60 дней без новой покупки
funnel-stage-60-channel = E-mail + push
funnel-stage-60-message = Микропродукт по теме, которую клиент проходил: интенсив, практикум или разбор на один вечер — дешевле основного курса.
funnel-stage-60-metric = Доля повторных покупок за 60 дней

funnel-stage-90-stage = Возврат и лояльность
funnel-stage-90-goal = Вернуть ушедших и наградить постоянных
funnel-stage-90-trigger = 90 дней с первой покупки
funnel-stage-90-channel = E-mail / Telegram
funnel-stage-90-message = Ушедшим — что нового и что исправлено по отзывам, приглашение на бесплатный эфир. Активным — бонус за стаж: запись, шаблон или ранний доступ.
funnel-stage-90-metric = Повторные покупки за 90 дней, LTV когорты

## How to use

funnel-howto-title = Как пользоваться шаблоном
funnel-howto-rows = Каждая строка — одно касание с клиентом: в какой день после первой покупки, что его запускает, куда и что отправить.
funnel-howto-own-text = В колонке «Что отправить» — идея сообщения. Перепишите её в колонке «Ваш текст» своими словами: про ваш продукт и вашим голосом.
funnel-howto-channels = Telegram — для коротких и личных сообщений, e-mail — для писем с материалами, push — для напоминаний из приложения или платформы.
funnel-howto-trigger = Триггер важнее дня: если клиент уже сделал то, о чём напоминает сообщение, не отправляйте его.
funnel-howto-status = Отмечайте статус каждого этапа. Раз в месяц смотрите на метрики: этап, где теряется больше всего клиентов, улучшайте первым.
funnel-howto-extend = Добавляйте строки под свои запуски и продукты: это основа, а не готовый сценарий.
