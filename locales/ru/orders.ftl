# Orders export (core/orders): why a file could not be read, and the words on its two charts.
# Keys orders-error-<code> for every core.orders.OrdersErrorCode (a test checks).
# Values are already formatted (numbers grouped, names in «»).

## What a readable export has

orders-expected-columns =
    Нужна таблица заказов (CSV или XLSX) со столбцами:
    • покупатель — «ID пользователя», «Email» или «Телефон»;
    • дата — «Дата оплаты» или «Дата создания»;
    • сумма — «Оплачено», «Сумма» или «Стоимость»;
    • статус — «Статус» (можно без него: тогда каждая строка с суммой считается оплаченной).
    Порядок столбцов и лишние столбцы не мешают.

## Why a file could not be read

orders-error-not-a-table =
    { $kind ->
        [xls] Это файл старого формата Excel (.xls), его не прочитать. Откройте его в Excel или Google Таблицах и сохраните как XLSX или CSV.
        [ods] Это таблица OpenDocument (.ods). Сохраните её как XLSX или CSV и пришлите снова.
        [binary] Это не таблица. Пришлите выгрузку заказов в формате CSV или XLSX.
       *[text] В файле не нашлось столбцов: похоже, это текст, а не таблица. Пришлите выгрузку заказов в формате CSV или XLSX.
    }

    { orders-expected-columns }
orders-error-empty =
    В файле нет ни одного заказа: он пустой или в нём только заголовок. Проверьте период и фильтры при выгрузке.

    { orders-expected-columns }
orders-error-too-large =
    { $kind ->
        [rows] В файле больше { $limit } — столько не прочитать. Выгрузите заказы за период покороче, например за год.
       *[bytes] Файл больше { $limit }: Telegram не даёт ботам скачивать такие. Выгрузите заказы за период покороче или только нужные столбцы — покупатель, дата, сумма, статус.
    }
orders-error-no-customer-column =
    Не нашёл столбец с покупателем, а без него не понять, кто купил снова. Нужен один из столбцов: «ID пользователя», «Email», «Телефон» или «Пользователь».
    Столбцы в файле: { $columns }.

    { orders-expected-columns }
orders-error-no-date-column =
    Не нашёл столбец с датой заказа, а без неё не построить когорты. Нужен один из столбцов: «Дата оплаты», «Дата создания» или «Дата».
    Столбцы в файле: { $columns }.

    { orders-expected-columns }
orders-error-no-amount-column =
    Не нашёл столбец с суммой заказа. Нужен один из столбцов: «Оплачено», «Сумма», «Заработано» или «Стоимость».
    Столбцы в файле: { $columns }.

    { orders-expected-columns }
orders-error-no-paid-orders =
    Строк с заказами в файле: { $rows }, но ни одного оплаченного. Считаются заказы со статусом «Завершен», «Оплачен» или «Частично оплачен» и суммой больше нуля.
    Статусы в файле: { $statuses }.
    Возможно, в выгрузку попали только новые или отменённые заказы — выгрузите и оплаченные.
orders-error-mixed-currencies =
    В файле оплаты в разных валютах: { $currencies }. Сложить их без курса нельзя — выгрузите заказы в одной валюте (например, с фильтром по валюте) и пришлите снова.

## Command line

orders-cli-unreadable = Не удалось открыть файл { $path }.

## Cohort triangle (heatmap)

orders-chart-cohorts-title = Когорты: кто покупает снова
orders-chart-cohorts-subtitle = В клетке: доля купивших снова в этом месяце и выручка на покупателя когорты, { $currency }
orders-chart-cohorts-axis = Месяцев после первой покупки
orders-chart-cohorts-row = { $month } { $year } · { $buyers }
orders-chart-cohorts-more = Показаны последние { $shown } когорт из { $total }
orders-month-short =
    { $month ->
        [1] янв
        [2] фев
        [3] мар
        [4] апр
        [5] май
        [6] июн
        [7] июл
        [8] авг
        [9] сен
        [10] окт
        [11] ноя
       *[12] дек
    }

## Cumulative revenue per buyer

orders-chart-curve-title = Накопленная выручка на покупателя
orders-chart-curve-subtitle =
    { $count ->
        [one] По месяцам после первой покупки · { $buyers } покупатель · в точке — те, у кого этот месяц уже прошёл
        [few] По месяцам после первой покупки · { $buyers } покупателя · в точке — те, у кого этот месяц уже прошёл
       *[other] По месяцам после первой покупки · { $buyers } покупателей · в точке — те, у кого этот месяц уже прошёл
    }
orders-chart-curve-axis-month = Месяц после первой покупки
orders-chart-curve-axis-money = { $currency } на покупателя
orders-chart-curve-point = За { $months } мес.: { $value }
orders-chart-curve-empty = Пока мало данных: ни у одного покупателя ещё не прошёл полный месяц после первой покупки
