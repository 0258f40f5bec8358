# The bot's side of an orders export (bot/features/orders): /import, the figures of a file,
# the columns it took, the calculation prefilled from it. The engine's own texts (why a file
# could not be read, the charts) are in orders.ftl. File and column names are the person's
# own text: the code escapes them before they reach { $file } or { $header } here.

cmd-import = Посчитать по выгрузке заказов

orders-import-help =
    📊 <b>Посчитаю по вашим настоящим заказам</b>

    Пришлите сюда файл с заказами — CSV или XLSX, до 20 МБ. Я найду покупателей и посчитаю средний чек, долю повторных покупок, когорты и выручку, которую клиент уже принёс (реализованный LTV), — а потом расчёт по этим цифрам.

    <b>Где взять файл</b>
    • GetCourse: Продажи → Заказы → Экспорт (выберите период, выгрузите в Excel или CSV).
    • Другая платформа или CRM: любая таблица заказов, где есть покупатель (ID, e-mail или телефон), дата, сумма и статус.

    { orders-privacy }

orders-privacy = 🔒 Файл я читаю в памяти и не сохраняю: запоминаю только итоговые цифры, без имён, почт и телефонов.

## The figures of a file

orders-title = 📊 <b>Ваши заказы</b> · { $file }
orders-period = Оплаты с { $first } по { $last }. Учтено оплаченных заказов: { $paid } из { $rows } строк — неоплаченные, отменённые и строки без суммы не в счёт.
orders-buyers = 👥 Покупателей: <b>{ $value }</b>
orders-paid = 🧾 Оплаченных заказов: <b>{ $value }</b>
orders-revenue = 💰 Выручка: <b>{ $value }</b>
orders-check = 🧮 Средний чек: <b>{ $value }</b>
orders-repeat = 🔁 Купили повторно: <b>{ $value }</b> покупателей
orders-per-buyer = 🛒 Покупок на покупателя: <b>{ $value }</b>
orders-gap = ⏱ Между покупками: <b>{ $days }</b> (медиана)
orders-gap-none = ⏱ Повторных покупок в файле нет.
orders-days = { $count ->
    [one] { $value } день
    [few] { $value } дня
   *[other] { $value } дней
}
orders-ltv = 💎 <b>Выручка на покупателя на сегодня (реализованный LTV): { $value }</b>
orders-ltv-at = За первые { $months } мес.: <b>{ $value }</b> (по { $buyers } { $buyers ->
    [one] покупателю
   *[other] покупателям
}, у кого столько уже прошло)
orders-ltv-at-none = За первые { $months } мес.: пока рано — столько ещё ни у кого не прошло
orders-pictures = На картинках — когорты (кто и когда покупает снова) и накопленная выручка на покупателя по месяцам.
btn-orders-calc = 🧮 Рассчитать по этим данным

## The columns taken, when a choice was uncertain

orders-mapping-title = ⚠️ <b>Проверьте, те ли столбцы я взял:</b>
orders-mapping-line = • { $field } — «{ $header }»
orders-mapping-doubt = • { $field } — «{ $header }» ⚠️ { $why }
orders-doubt-partial-name = название совпало не полностью
orders-doubt-several = подходят несколько столбцов, взял первый
orders-doubt-no-status = Столбца со статусом нет — считаю оплаченной каждую строку с суммой.
orders-doubt-list-price = Столбца с оплаченной суммой нет — беру стоимость, и только для заказов, оплаченных полностью.
orders-doubt-name-only = Покупателей различаю только по имени — тёзки сольются в одного.
orders-mapping-fix = Если что-то не так — нажмите на поле ниже и выберите столбец: пересчитаю.
btn-orders-fix = ✏️ { $field }
orders-choose-column = Какой столбец — <b>{ $field }</b>? Сейчас: { $now }.
orders-choose-none = не выбран
orders-choose-nothing = В файле нет других столбцов, подходящих для этого поля.
btn-orders-no-column = 🚫 Не учитывать

## A buyer, date or amount column not found by name: picked from the file's columns

orders-pick-column =
    В «{ $file }» не нашёл по названию столбец { $what }.
    Какой это из столбцов? Нажмите на него — и я посчитаю. Что в них:
    { $columns }

    { orders-privacy }
orders-pick-user-id = с покупателем (ID, e-mail или телефон) — без него не понять, кто купил снова
orders-pick-payment-date = с датой заказа или оплаты — без неё не построить когорты
orders-pick-paid-amount = с суммой заказа
orders-pick-sample = { $number }. «{ $header }»: { $values }
orders-pick-sample-blank = в первых строках пусто

orders-field-user-id = ID покупателя
orders-field-email = e-mail покупателя
orders-field-phone = телефон покупателя
orders-field-name = имя покупателя
orders-field-payment-date = дата оплаты
orders-field-created-date = дата создания
orders-field-paid-amount = оплаченная сумма
orders-field-price = стоимость
orders-field-status = статус
orders-field-currency = валюта

## The calculation prefilled from the file

orders-calc-intro =
    🧮 <b>Считаю по вашим заказам</b> · { $file }
    Модель — повторные покупки. Из файла взял:
    { $lines }
orders-from-price = • средний чек — <b>{ $value }</b>: выручка { $revenue } на { $basis } { $basis ->
    [one] покупку
    [few] покупки
   *[other] покупок
}
orders-from-per-year = • покупок в год — <b>{ $value }</b>: между покупками в среднем { $days } (медиана по { $basis } { $basis ->
    [one] повторной покупке
   *[other] повторным покупкам
})
orders-from-per-year-none = • как часто покупают снова — в файле нет повторных покупок, спрошу у вас
orders-from-churn-mature = • не возвращаются — <b>{ $value }</b>: столько из { $basis } покупателей с первой покупкой полгода назад и раньше так и не купили снова
orders-from-churn-all = • не возвращаются — <b>{ $value }</b>: столько из всех { $basis } покупателей пока не купили снова (давних покупателей мало — доля может быть завышена)
orders-clamped = (приведено к пределу калькулятора)
orders-calc-rest = Осталось указать маржу и CAC.
orders-calc-rest-per-year = Осталось указать, как часто покупают снова, маржу и CAC.
orders-calc-currency = Суммы в файле в { $currency }, а калькулятор считает в рублях — цифры останутся те же.

# The name suggested for a scenario calculated from a file: the file and the day (22.11).
orders-scenario-name = { $file } · { $date }

## When a file could not be read

orders-error-download = Не получилось скачать файл у Telegram — пришлите его ещё раз.
orders-error-failed =
    Не получилось прочитать этот файл. Проверьте, что это выгрузка заказов, и пришлите её снова.

    { orders-expected-columns }
