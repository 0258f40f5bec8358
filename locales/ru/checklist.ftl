# The checklist «Как удвоить LTV» (PDF): title, the user's figures, sections and items.

## Document

checklist-title = Как удвоить LTV
checklist-subtitle = Чек-лист для авторов курсов, клубов и наставничества
checklist-intro = Здесь собрано то, что заставляет клиента покупать у вас дольше и больше. Отмечайте сделанное галочкой и возвращайтесь к списку раз в месяц: один внедрённый пункт обычно заметнее десяти прочитанных.
checklist-intro-personal = Разделы расставлены под ваши цифры: сначала то, что сильнее всего сдвинет именно вашу экономику. Помеченное «важно для вас» стоит сделать в первую очередь.
checklist-author = LTV-бот
checklist-footer = Как удвоить LTV · LTV-бот
checklist-page = { $page } из { $total }
checklist-important = Важно для вас
checklist-made-for = Для вашего расчёта: { $what }.
checklist-made-on = Составлен { $date } для вашего расчёта: { $what }.
checklist-made-for-subscription = подписка { $price } в месяц, отток { $churn } в месяц, CAC { $cac }
checklist-made-for-purchases = повторные покупки, чек { $price }, не возвращаются { $churn }, CAC { $cac }
checklist-purchases = { $count ->
    [one] { $value } покупка
    [few] { $value } покупки
    [many] { $value } покупок
   *[other] { $value } покупки
}

## The user's figures

checklist-figures-title = Ваши цифры
checklist-figure-model = Модель
checklist-model-subscription = Подписка
checklist-model-purchases = Повторные покупки
checklist-model-note-subscription = оплата раз в месяц
checklist-model-note-purchases = { $purchases } в год
checklist-figure-price-subscription = Цена в месяц
checklist-figure-price-purchases = Средний чек
checklist-figure-price-note = за одну оплату
checklist-figure-churn-subscription = Отток в месяц
checklist-figure-churn-purchases = Отток за цикл
checklist-figure-churn-note-subscription = уходят за месяц
checklist-figure-churn-note-purchases = не покупают снова
checklist-figure-margin = Маржа
checklist-figure-margin-skipped = не указана — по выручке
checklist-figure-margin-note = доля прибыли в цене
checklist-figure-margin-note-skipped = считаем 100 %
checklist-figure-cac = CAC
checklist-figure-cac-note = стоимость привлечения клиента
checklist-figure-ltv = LTV
checklist-figure-ltv-note = прибыль с клиента за всё время
checklist-figure-ltv-note-revenue = по выручке, без учёта затрат
checklist-figure-ratio = LTV / CAC
checklist-figure-ratio-undefined = не определено (CAC = 0)
checklist-figure-ratio-note = цель — от { $target }
checklist-figure-payback = Окупаемость
checklist-figure-payback-month = { $month }-й месяц
checklist-figure-payback-never = не окупается
checklist-figure-payback-note = с учётом оттока
checklist-figure-lifetime = Срок жизни клиента
checklist-figure-lifetime-note = в среднем { $purchases }

## Why a section comes first for this user

checklist-reason-high-churn-monthly = Отток { $churn } в месяц — выше 10 %: сначала удержание.
checklist-reason-high-churn-repeat = За следующей покупкой не возвращаются { $churn } клиентов — половина и больше: сначала удержание.
checklist-reason-churn-top-lever = Снижение оттока на 20 % даёт больше всего: LTV / CAC { $before } → { $after }.
checklist-reason-churn-top-lever-organic = Снижение оттока на 20 % даёт больше всего: LTV { $before } → { $after }.
checklist-reason-zero-margin = Маржа 0 %: продажи не приносят прибыли, и клиент не окупается — сначала цена и затраты.
checklist-reason-thin-margin = Маржа { $margin } — ниже 40 %: сначала цена и допродажи.
checklist-reason-cac-above-ltv = CAC { $cac } не меньше LTV { $ltv }: клиент не окупается — сначала привлечение.
checklist-reason-cac-above-breakeven = CAC { $cac } выше предельного { $breakeven } (LTV / CAC { $ratio } — меньше 3): сначала привлечение.
checklist-reason-short-lifetime = Клиент делает в среднем { $purchases } — меньше двух: сначала следующий продукт и допродажа.

## Sections

checklist-section-segments = Сегменты базы: кто приносит больше всего
checklist-section-segments-lead = Прежде чем что-то менять, поймите, какие клиенты у вас самые выгодные.
checklist-section-retention = Удержание после первой покупки
checklist-section-retention-lead = Первые две недели решают, станет ли покупатель постоянным клиентом.
checklist-section-upsell = Допродажа и следующий продукт
checklist-section-upsell-lead = Клиент, который уже заплатил, купит снова, если ему есть что купить.
checklist-section-loyalty = Лояльность без скидок
checklist-section-loyalty-lead = Постоянных клиентов удерживает ценность и особое отношение, а не распродажи.
checklist-section-content = Контент, который повышает ценность продукта
checklist-section-content-lead = Чем быстрее ученик видит результат, тем дольше он с вами.
checklist-section-community = Сообщество
checklist-section-community-lead = Люди остаются там, где у них появились знакомые и привычки.
checklist-section-churn = Предотвращение оттока
checklist-section-churn-lead = Ушедшего клиента вернуть дороже, чем удержать того, кто сомневается.
checklist-section-pricing = Цена и маржа
checklist-section-pricing-lead = LTV считается от прибыли, поэтому каждый процент маржи работает на всём сроке жизни клиента.
checklist-section-acquisition = Привлечение и CAC
checklist-section-acquisition-lead = Клиент выгоден, когда приносит хотя бы втрое больше, чем стоило его привлечь.
checklist-section-metrics = Измерения: LTV, удержание, средний чек
checklist-section-metrics-lead = Пять цифр, которые стоит смотреть каждый месяц.

## Items: a short title and what to do

checklist-item-segments-export-title = Соберите базу в одну таблицу
checklist-item-segments-export-text = Для каждого покупателя: контакт, дата первой покупки, что и за сколько купил, откуда пришёл. Без такой таблицы остальные пункты остаются догадками.
checklist-item-segments-split-title = Разделите клиентов на 3–4 группы
checklist-item-segments-split-text = По источнику, по первому купленному продукту и по числу покупок. Для каждой группы посчитайте средний чек и долю купивших повторно.
checklist-item-segments-best-title = Найдите самую прибыльную группу
checklist-item-segments-best-text = Сравните выручку с одного клиента за год по группам. Откуда приходят лучшие клиенты и что они покупают первым — туда направьте рекламу и запуски.
checklist-item-segments-lost-title = Разберитесь, кто не возвращается
checklist-item-segments-lost-text = Найдите общее у группы с худшим возвратом: продукт, источник, тариф. Часто причина — один неудачный входной продукт или обещание в рекламе, которое курс не выполняет.

checklist-item-retention-onboarding-title = Приветствие в первые сутки
checklist-item-retention-onboarding-text = Сразу после оплаты пришлите короткое сообщение: где доступ, с чего начать и первый шаг на 15 минут. Чем раньше клиент получит первый результат, тем вероятнее он останется.
checklist-item-retention-first-week-title = Маршрут на первую неделю
checklist-item-retention-first-week-text = Дайте план «день 1 — день 7» с маленькими задачами и напоминаниями. Показывайте прогресс: «пройдено 3 урока из 10».
checklist-item-retention-updates-title = Полезные обновления вместо спама
checklist-item-retention-updates-text = Пишите, когда есть что дать: новый урок, разбор частой ошибки, шаблон. Одно полезное письмо в неделю удерживает лучше ежедневных продающих.
checklist-item-retention-triggers-title = Личные сообщения и push по поведению
checklist-item-retention-triggers-text = Настройте сообщения на события: не заходил 5 дней, застрял на модуле, закончил курс. Сообщения по имени и по делу открывают в разы чаще общей рассылки.
checklist-item-retention-contact-title = Живой контакт
checklist-item-retention-contact-text = Созвон, голосовое сообщение от автора или проверка первого задания куратором в первые две недели. Это заметно снижает ранний отток.

checklist-item-upsell-ladder-title = Лестница продуктов
checklist-item-upsell-ladder-text = Нарисуйте путь клиента: бесплатный материал → недорогой вход → основной курс → наставничество или клуб. У каждого продукта должен быть понятный следующий шаг.
checklist-item-upsell-checkout-title = Допродажа в момент покупки
checklist-item-upsell-checkout-text = На странице оплаты или сразу после неё предложите дополнение: разбор, шаблоны, тариф с обратной связью. Оно должно стоить 20–40 % основного чека и решать соседнюю задачу.
checklist-item-upsell-micro-title = Микропродукты между большими покупками
checklist-item-upsell-micro-text = Мини-курс, интенсив или практикум на один-два вечера. Они держат клиента рядом, пока следующий большой продукт ему ещё не нужен.
checklist-item-upsell-next-offer-title = Следующее предложение — до финала курса
checklist-item-upsell-next-offer-text = Расскажите о следующей ступени за одну-две недели до окончания, пока у клиента свежий результат. Когда интерес остыл, то же предложение продаёт хуже.

checklist-item-loyalty-early-access-title = Ранний доступ
checklist-item-loyalty-early-access-text = Постоянные клиенты первыми узнают о новых продуктах и первыми попадают в потоки с ограниченными местами. Для них это ценно, а вам ничего не стоит.
checklist-item-loyalty-tenure-title = Бонусы за стаж
checklist-item-loyalty-tenure-text = Через 3, 6 и 12 месяцев дарите то, что у вас уже есть: запись эфира, шаблон, личный разбор. Бонус должен быть неожиданным и полезным.
checklist-item-loyalty-closed-title = Закрытые материалы для своих
checklist-item-loyalty-closed-text = Раздел или канал только для купивших: разборы, записи, черновики новых уроков. Доступ к нему — ещё одна причина не уходить.
checklist-item-loyalty-no-discounts-title = Ценность вместо скидок
checklist-item-loyalty-no-discounts-text = Постоянные скидки приучают ждать распродажи и съедают маржу. Давайте постоянным клиентам больше, а не дешевле.

checklist-item-content-cases-title = Разборы работ учеников
checklist-item-content-cases-text = Раз в месяц разбирайте работу одного ученика: что получилось и что исправить. Остальные видят путь к результату и продолжают учиться.
checklist-item-content-updates-title = Обновляйте программу и сообщайте об этом
checklist-item-content-updates-text = Добавили урок или переписали модуль — напишите всем, кто купил. Клиент видит, что продукт живёт и не устаревает.
checklist-item-content-tools-title = Инструмент к каждому уроку
checklist-item-content-tools-text = Чек-лист, шаблон или таблица, которые можно применить сразу. Урок, превращённый в действие, ценится выше урока, который просто посмотрели.
checklist-item-content-results-title = Истории результатов
checklist-item-content-results-text = Собирайте результаты учеников с цифрами и показывайте их новичкам. Это поддерживает тех, кто учится, и продаёт следующий продукт.

checklist-item-community-chat-title = Чат или клуб учеников
checklist-item-community-chat-text = Место, где ученики общаются друг с другом, а не только с вами. Связи с людьми удерживают дольше, чем уроки.
checklist-item-community-meetings-title = Встречи в одно и то же время
checklist-item-community-meetings-text = Эфир раз в неделю или в две: вопросы, разборы, новости. Постоянный ритм превращается в привычку приходить.
checklist-item-community-roles-title = Роли для активных
checklist-item-community-roles-text = Предложите активным ученикам стать помощниками, ведущими созвонов или кураторами групп. Те, кто вкладывается в сообщество, уходят реже всех.
checklist-item-community-challenges-title = Совместные челленджи
checklist-item-community-challenges-text = 7–14 дней с общей целью и ежедневным отчётом в чате. Челлендж возвращает тех, кто остыл, и даёт повод пригласить друзей.

checklist-item-churn-signals-title = Признаки ухода
checklist-item-churn-signals-text = Выберите 2–3 сигнала: не заходит больше 10 дней, не открывает письма, не сдаёт задания. Раз в неделю проверяйте по ним всю базу.
checklist-item-churn-response-title = Реакция на каждый сигнал
checklist-item-churn-response-text = Личное сообщение, вопрос «что мешает?», помощь куратора — в течение одного-двух дней, пока клиент ещё рядом.
checklist-item-churn-leaving-offer-title = Предложение тем, кто уходит
checklist-item-churn-leaving-offer-text = При отмене подписки предложите паузу на месяц, тариф попроще или другой формат. Многие выбирают паузу вместо ухода.
checklist-item-churn-why-title = Спросите, почему уходят
checklist-item-churn-why-text = Один вопрос с вариантами ответа при отмене или после курса. Раз в месяц сводите ответы и исправляйте самую частую причину.
checklist-item-churn-win-back-title = Возвращайте ушедших
checklist-item-churn-win-back-text = Через 30–60 дней напишите ушедшим, что нового и что исправлено по их отзывам. Вернувшийся клиент — самый дешёвый.

checklist-item-pricing-margin-title = Маржа каждого продукта
checklist-item-pricing-margin-text = Вычтите из цены комиссии платёжных систем, платформу, кураторов и налоги. Если остаётся меньше 40 %, поднимайте цену или снижайте затраты на ведение.
checklist-item-pricing-tiers-title = Тарифы вместо одной цены
checklist-item-pricing-tiers-text = Базовый, с обратной связью и премиальный. Большинство выбирает средний, а дорогой делает средний понятной покупкой.
checklist-item-pricing-raise-title = Новая цена для нового потока
checklist-item-pricing-raise-text = Поднимайте цену на 10–15 % с каждым потоком, пока держится конверсия. Нынешним клиентам оставьте прежнюю цену — это тоже лояльность.
checklist-item-pricing-delivery-cost-title = Дешевле вести, не хуже учить
checklist-item-pricing-delivery-cost-text = Групповые разборы вместо личных, база ответов на частые вопросы, шаблоны для кураторов. Маржа растёт без потери качества.

checklist-item-acquisition-by-channel-title = CAC по каждому каналу
checklist-item-acquisition-by-channel-text = Считайте стоимость клиента отдельно для рекламы, блогеров, посевов и вебинаров. Средний CAC прячет каналы, которые работают в минус.
checklist-item-acquisition-ceiling-title = Потолок CAC — треть LTV
checklist-item-acquisition-ceiling-text = Предельный CAC равен LTV, делённому на 3. Каналы дороже этой планки сокращайте или перестраивайте.
checklist-item-acquisition-pause-title = Проверка самого дорогого канала
checklist-item-acquisition-pause-text = Отключите его на две недели и посмотрите, сколько продаж пропало на самом деле. Часть клиентов нередко приходит и без него.
checklist-item-acquisition-referrals-title = Рекомендации и своя база
checklist-item-acquisition-referrals-text = Программа «приведи друга» с бонусом в виде доступа и продажи нынешним клиентам почти не требуют денег на привлечение.
checklist-item-acquisition-warm-up-title = Прогрев перед продажей
checklist-item-acquisition-warm-up-text = Бесплатный урок, вебинар или серия постов поднимают конверсию в покупку, и каждый клиент обходится дешевле.

checklist-item-metrics-ltv-title = LTV по формуле
checklist-item-metrics-ltv-text = LTV = прибыль с одной оплаты ÷ отток за цикл. Пересчитывайте раз в месяц и сравнивайте с CAC: цель — LTV / CAC от 3.
checklist-item-metrics-cohorts-title = Удержание по когортам
checklist-item-metrics-cohorts-text = Для клиентов каждого месяца смотрите, какая доля платит через 1, 3 и 6 месяцев. Так видно, помогли ли изменения.
checklist-item-metrics-check-title = Средний чек
checklist-item-metrics-check-text = Выручка за месяц ÷ число покупок. Если чек растёт, работают допродажи и тарифы.
checklist-item-metrics-repeat-90-title = Повторные покупки за 90 дней
checklist-item-metrics-repeat-90-text = Доля клиентов, купивших второй раз в течение 90 дней после первой покупки, — самый ранний сигнал, растёт ли LTV.
checklist-item-metrics-one-change-title = Одно изменение за раз
checklist-item-metrics-one-change-text = Меняйте один рычаг и месяц смотрите на цифры. Иначе не понять, что сработало.
