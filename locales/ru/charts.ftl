# Charts (core/charts/): every word drawn on a chart.
# Values are already formatted by core.formatting (money, percent, months);
# a $count beside a value only selects the plural form.

## Axes

chart-axis-month = Месяц жизни клиента
# The result chart's x axis also says why its line is smooth or a staircase (a line of its own).
chart-axis-month-subscription =
    Месяц жизни клиента
    (оплата каждый месяц)
chart-axis-month-purchases =
    Месяц жизни клиента
    (ступенька — покупка в этом месяце)
chart-axis-money = ₽ на клиента

## Title of the result chart: the key inputs

chart-title-subscription = Подписка { $price }/мес · отток { $churn } в месяц · { $margin } · CAC { $cac }
chart-title-purchases = Чек { $price } · { $frequency } · не возвращаются { $churn } · { $margin } · CAC { $cac }
chart-per-year = { $count ->
    [one] { $value } покупка в год
    [few] { $value } покупки в год
    [many] { $value } покупок в год
   *[other] { $value } покупки в год
}
chart-margin = маржа { $margin }
chart-margin-skipped = без маржи

## Subtitle: what the curve shows

chart-curve-profit = Накопленная прибыль на одного привлечённого клиента
chart-curve-revenue = Накопленная выручка на одного привлечённого клиента (маржа не указана)
chart-curve-mixed = Накопленная прибыль на одного привлечённого клиента (для сценария без маржи — по выручке)

## Lines, points and notes on the result chart

chart-ltv = LTV { $ltv }
chart-ltv-revenue = LTV по выручке { $ltv }
chart-cac = CAC { $cac }
chart-payback = Окупается на { $month }-м месяце
chart-payback-later = Окупается на { $month }-м месяце — позже, чем показано на графике
chart-no-payback = Не окупается: LTV { $ltv } не больше CAC { $cac }
chart-no-payback-zero-margin = Не окупается: при марже 0 % клиент не приносит прибыли
chart-organic = CAC 0 ₽ — органические клиенты: привлечение бесплатно, окупаемость сразу

## A result calculated from an orders export: its own curve beside the model's

chart-model = модель
chart-realized = по вашим данным
chart-realized-margin = по вашим данным (выручка × маржа { $margin })

## Comparison of two scenarios

chart-compare-title = Сравнение сценариев
chart-compare-payback = { $name } — окупается на { $month }-м месяце
chart-compare-no-payback = { $name } — не окупается
chart-compare-organic = { $name } — органические клиенты
chart-compare-by-revenue = { $label } (по выручке)
chart-compare-cac = CAC { $cac }
chart-compare-fallback-name = Сценарий { $number }
