# The result of a calculation and the what-if (levers) screen.

result =
    <b>LTV { $basis }: { $ltv }</b>{ $revenue }
    { $horizon }

    LTV / CAC: <b>{ $ratio }</b> — { $verdict }
    Окупаемость: { $payback }
    { $life }
    Чистая ценность клиента (LTV − CAC): { $net }
    Предельный CAC (для LTV/CAC = 3×): { $breakeven }

    <b>Главные рычаги</b>
    { $levers }

    <i>Как считалось: { $formula }</i>
basis-profit = по прибыли
basis-revenue = по выручке
revenue-line = Выручка с клиента за всё время: { $revenue }
cash-horizon = { $basis } с клиента { $months } (до вычета CAC)
cash-horizon-months = за 3 мес. — { $quarter }, за 12 мес. — { $year }
cash-basis-profit = Прибыль
cash-basis-revenue = Выручка
ratio-undefined = не определено (CAC = 0)

verdict-loss = каждый новый клиент приносит убыток.
verdict-thin = окупается, но тонко: рост оттока или CAC может увести в минус.
verdict-healthy = здоровая экономика.
verdict-strong = отлично: можно смелее вкладываться в привлечение.
verdict-organic = клиенты приходят бесплатно — всё, что они приносят, ваше.

payback-month = на <b>{ $month }-м месяце</b> ({ $payment }-я оплата)
payback-month-purchases = на <b>{ $month }-м месяце</b> ({ $payment }-я покупка)
payback-immediate = сразу, с первой оплаты
payback-simple-month = ; без учёта оттока — на { $month }-м месяце
no-payback-zero-margin = <b>не окупается</b> — при нулевой марже клиент не приносит прибыли.
no-payback-ltv-not-above-cac = <b>не окупается</b> — за всю жизнь клиент приносит { $ltv }, а его привлечение стоит { $cac }.

life-subscription = Средняя жизнь клиента: { $lifetime }, оплат в среднем: { $count }
life-purchases = Покупок на клиента в среднем: { $count } — по одной на { $cycle }, всего { $lifetime } с вами

formula-profit = LTV = { $price } × маржа { $margin } / { $churn_label } { $churn } = { $ltv }
formula-revenue = LTV = { $price } / { $churn_label } { $churn } = { $ltv } (маржа не указана)

lever-churn-down = Снизить отток на 20 % ({ $before } → { $after })
lever-churn-down-purchases = Вернуть больше клиентов (не возвращаются { $before } → { $after })
lever-price-up = Поднять цену на 10 % ({ $before } → { $after })
lever-frequency-up = Продавать на 20 % чаще ({ $before } → { $after } в год)
lever-margin-up = Поднять маржу на 5 п. п. ({ $before } → { $after })
lever-cac-down = Снизить CAC на 20 % ({ $before } → { $after })
lever-line = { $number }. { $title }: { $effect }
effect-ratio = LTV/CAC { $before } → <b>{ $after }</b>
effect-ltv = LTV { $before } → <b>{ $after }</b>
effect-net = LTV − CAC { $before } → <b>{ $after }</b>
effect-payback = , окупаемость { $before } → { $after }
effect-frequency = LTV не меняется, но прибыль за первый год { $before } → <b>{ $after }</b>
payback-short = { $month }-й мес.
payback-never = нет

what-if =
    <b>Что если…</b> Каждый рычаг меняет одну цифру, остальное как есть.

    { $levers }

    { $target }
target =
    <b>Чтобы выйти на LTV/CAC 3×</b>, хватит одного из:
    { $options }
target-churn = • отток до { $value }
target-churn-purchases = • не возвращаются до { $value }
target-price = • цена до { $value }
target-cac = • CAC до { $value }
target-unreachable = { $option } — нереально, не подходит
target-reached = LTV/CAC уже не ниже 3× — держите отток и CAC под контролем.
target-organic = CAC = 0: клиенты приходят бесплатно, соотношение не определено.

btn-what-if = 🔮 Что если…
btn-change = ✏️ Изменить ответ
btn-new = 🔄 Новый расчёт

result-line = { $model }: LTV <b>{ $ltv }</b>, LTV / CAC <b>{ $ratio }</b>
result-line-subscription = подписка { $price } в месяц
result-line-purchases = повторные покупки, чек { $price }
result-line-organic = не определено (CAC = 0)

result-out-of-date = Этого расчёта уже нет в памяти — давайте посчитаем заново.

## Levers and targets applied: a variant of the result

btn-lever = { $number }. { $label }: { $before } → { $after }
btn-lever-per-year = { $number }. { $label }: { $before } → { $after } в год
btn-target = 🎯 До 3×: { $label } { $value }
btn-own-value = ✍️ Своё значение
btn-levers-back = ← К рычагам
btn-save-variant = 💾 Сохранить как сценарий
btn-other-levers = 🔮 Другие рычаги
btn-show-original = ↩️ Исходный расчёт

own-value-pick = <b>Какую цифру изменить?</b> Остальные ответы останутся как в расчёте.
btn-own-field = { $label }: { $value }
own-value-ask =
    Напишите новое значение: <b>{ $label }</b>.
    Сейчас: { $value }.
    { $example }

variant =
    🔮 <b>Если { $change }</b>
    <i>Остальные ответы — как в расчёте.</i>

    { $lines }
variant-change = { $label }: { $before } → { $after }
variant-line = { $label }: { $before } → <b>{ $after }</b>
variant-line-same = { $label }: { $value } — без изменений
variant-ltv = LTV { $basis }
variant-ratio = LTV / CAC
variant-verdict = <i>{ $verdict }</i>
variant-payback = Окупаемость
variant-payback-month = { $month }-й мес.
variant-payback-never = не окупается
variant-payback-now = сразу
variant-first-year = Прибыль за первый год
variant-breakeven = Предельный CAC (для 3×)
variant-basis-changed = <i>Расчёт был по выручке; с маржой LTV — уже прибыль.</i>
variant-first-year-revenue = Выручка за первый год
variant-margin-skipped = не указана
