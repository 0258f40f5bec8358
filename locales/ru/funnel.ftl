# The retention and upsell funnel template (XLSX).

funnel-title = Воронка удержания и допродаж
funnel-author = LTV-бот
funnel-sheet = Воронка
funnel-howto-sheet = Как пользоваться
funnel-club-sheet = Клуб — продления

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

## A club (monthly subscription): days after the first payment

funnel-club-stage-0-stage = Оплата: добро пожаловать в клуб
funnel-club-stage-0-goal = Новичок сразу видит, что его ждёт в этом месяце
funnel-club-stage-0-trigger = Первая оплата прошла
funnel-club-stage-0-channel = Telegram + e-mail
funnel-club-stage-0-message = «Вы в клубе! Вот ссылка на чат, расписание встреч этого месяца и три материала, с которых стоит начать». Попросите представиться в чате.
funnel-club-stage-0-metric = Доля вошедших в чат и открывших материалы в первые сутки

funnel-club-stage-3-stage = Первая польза
funnel-club-stage-3-goal = Получить результат до конца первой недели
funnel-club-stage-3-trigger = Три дня после оплаты, не был на встрече и не открыл материалы
funnel-club-stage-3-channel = Telegram
funnel-club-stage-3-message = Личное сообщение: «Что для вас сейчас главное? Подскажу, с какого материала или встречи начать». Ответ — с конкретной ссылкой.
funnel-club-stage-3-metric = Доля активных на первой неделе

funnel-club-stage-14-stage = Середина месяца
funnel-club-stage-14-goal = Привычка приходить: клуб — часть недели
funnel-club-stage-14-trigger = Ближайшая встреча или новый материал
funnel-club-stage-14-channel = Telegram / push
funnel-club-stage-14-message = Анонс встречи с одной фразой, что участник унесёт с собой; запись прошлой встречи для тех, кто пропустил.
funnel-club-stage-14-metric = Посещаемость встреч, доля активных за месяц

funnel-club-stage-25-stage = Перед продлением
funnel-club-stage-25-goal = Продлить, помня, что было ценного
funnel-club-stage-25-trigger = За пять дней до даты продления
funnel-club-stage-25-channel = E-mail + Telegram
funnel-club-stage-25-message = «Ваш месяц в клубе: встречи, материалы, ваши вопросы, которые разобрали. В следующем месяце — …» (темы и гости). Дата и сумма продления, ссылка на смену тарифа вместо отмены.
funnel-club-stage-25-metric = Доля продливших, отток за месяц

funnel-club-stage-30-stage = Продление
funnel-club-stage-30-goal = Спасибо за ещё один месяц
funnel-club-stage-30-trigger = Оплата продления прошла
funnel-club-stage-30-channel = Telegram
funnel-club-stage-30-message = Короткая благодарность и план месяца; на третьем и шестом месяце — бонус за стаж (запись, разбор, ранний доступ).
funnel-club-stage-30-metric = Средний срок в клубе, LTV

funnel-club-stage-31-stage = Оплата не прошла
funnel-club-stage-31-goal = Не потерять того, кто не уходил
funnel-club-stage-31-trigger = Списание отклонено (карта, лимит)
funnel-club-stage-31-channel = E-mail + Telegram
funnel-club-stage-31-message = «Не получилось списать оплату — доступ сохраним ещё на три дня. Обновить карту — по ссылке». Повторить через день и за день до закрытия доступа.
funnel-club-stage-31-metric = Доля спасённых неудачных списаний

funnel-club-stage-60-stage = Ушедший: что не так
funnel-club-stage-60-goal = Узнать причину и вернуть, если её можно исправить
funnel-club-stage-60-trigger = Месяц после отмены подписки
funnel-club-stage-60-channel = E-mail
funnel-club-stage-60-message = Один вопрос: «Почему ушли?» с вариантами ответа. Тем, кому было дорого, — тариф попроще; кому не хватало времени — пауза вместо отмены.
funnel-club-stage-60-metric = Доля ответивших, причины ухода

funnel-club-stage-75-stage = Возврат в клуб
funnel-club-stage-75-goal = Вернуть ушедших к новому сезону
funnel-club-stage-75-trigger = Новый сезон, запуск или гость
funnel-club-stage-75-channel = E-mail + Telegram
funnel-club-stage-75-message = Что изменилось в клубе по отзывам ушедших, приглашение на открытую встречу и первый месяц со скидкой для вернувшихся.
funnel-club-stage-75-metric = Доля вернувшихся из ушедших

## How to use

funnel-howto-title = Как пользоваться шаблоном
funnel-howto-rows = Каждая строка — одно касание с клиентом: в какой день после первой покупки, что его запускает, куда и что отправить.
funnel-howto-own-text = В колонке «Что отправить» — идея сообщения. Перепишите её в колонке «Ваш текст» своими словами: про ваш продукт и вашим голосом.
funnel-howto-channels = Telegram — для коротких и личных сообщений, e-mail — для писем с материалами, push — для напоминаний из приложения или платформы.
funnel-howto-trigger = Триггер важнее дня: если клиент уже сделал то, о чём напоминает сообщение, не отправляйте его.
funnel-howto-status = Отмечайте статус каждого этапа. Раз в месяц смотрите на метрики: этап, где теряется больше всего клиентов, улучшайте первым.
funnel-howto-extend = Добавляйте строки под свои запуски и продукты: это основа, а не готовый сценарий.
