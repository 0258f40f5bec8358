# The LTV calculator (XLSX with live formulas).

calculator-title = Калькулятор LTV
calculator-author = LTV-бот
calculator-subtitle = Меняйте жёлтые ячейки — остальное пересчитается само. Формулы те же, что в LTV-боте.
calculator-sheet = Калькулятор
calculator-table-sheet = По месяцам
calculator-howto-sheet = Как пользоваться

## Business models: the dropdown choices and the words the formulas compare with

calculator-model-subscription = Подписка
calculator-model-purchases = Повторные покупки

## Inputs

calculator-inputs = Исходные данные
calculator-input-model = Модель
calculator-input-model-note = Подписка — клиент платит каждый месяц. Повторные покупки — клиент покупает курсы и продукты снова через какое-то время.
calculator-input-price = Цена или средний чек
calculator-input-price-note = Для подписки — платёж за месяц, для повторных покупок — средний чек одной покупки.
calculator-input-per-year = Покупок в год
calculator-input-per-year-note = Только для повторных покупок: как часто вернувшийся клиент покупает снова (раз в квартал — 4). Для подписки не используется.
calculator-input-churn = Отток за цикл
calculator-input-churn-note = Доля клиентов, которые не заплатят в следующий раз: за месяц для подписки, до следующей покупки для повторных покупок.
calculator-input-margin = Маржа
calculator-input-margin-note = Доля цены, которая остаётся после затрат на продукт: комиссии, платформа, кураторы, налоги. Оставьте пустой — расчёт по выручке (100 %).
calculator-input-cac = CAC
calculator-input-cac-note = Сколько стоит привлечь одного платящего клиента: реклама, трафик, время на продажи.

## Units

calculator-unit-rub = ₽
calculator-unit-percent = %
calculator-unit-months = мес.

## Results

calculator-results = Результат
calculator-result-per-year = Покупок в год в расчёте
calculator-result-per-year-note = Для подписки — 12; частота берётся с точностью до сотых.
calculator-result-cycle = Длина цикла T
calculator-result-cycle-note = 12 ÷ покупок в год: месяцев между платежами.
calculator-result-margin = Маржа в расчёте
calculator-result-by-revenue = по выручке
calculator-result-profit = Прибыль с одного платежа g
calculator-result-profit-note = Цена × маржа.
calculator-result-purchases = Ожидаемое число покупок N
calculator-result-purchases-note = 1 ÷ отток.
calculator-result-lifetime = Срок жизни клиента
calculator-result-lifetime-note = T ÷ отток.
calculator-result-ltv = LTV
calculator-result-ltv-note = Прибыль с клиента за всё время: g ÷ отток.
calculator-result-cash-3 = Прибыль с клиента за 3 месяца
calculator-result-cash-3-note = Ожидаемая прибыль с привлечённого клиента к концу 3-го месяца, до вычета CAC (по выручке, если маржа не указана).
calculator-result-cash-12 = Прибыль с клиента за 12 месяцев
calculator-result-cash-12-note = То же к концу 12-го месяца. LTV — за всё время.
calculator-result-revenue = Выручка с клиента
calculator-result-revenue-note = Цена ÷ отток.
calculator-result-ratio = LTV / CAC
calculator-result-ratio-note = Цель — от 3.
calculator-result-verdict = Вывод
calculator-result-net = Чистая ценность клиента
calculator-result-net-note = LTV − CAC.
calculator-result-payment = Окупается на платеже
calculator-result-payment-note = Первый платёж k, после которого ожидаемая прибыль g·(1 − (1 − c)^k) ÷ c покрывает CAC.
calculator-result-payback = Месяц окупаемости
calculator-result-payback-note = Платёж k приходится на месяц ⌊(k − 1)·T⌋ + 1 жизни клиента; учитывает отток.
calculator-result-breakeven = Предельный CAC (LTV / 3)
calculator-result-breakeven-note = CAC, при котором LTV / CAC = 3: LTV ÷ 3.

calculator-ratio-undefined = не определено (CAC = 0)
calculator-never = не окупается

calculator-verdict-organic = клиенты приходят бесплатно (CAC = 0)
calculator-verdict-loss = убыток: клиент не окупает привлечение
calculator-verdict-thin = окупается, но с тонким запасом
calculator-verdict-healthy = здоровая экономика
calculator-verdict-strong = сильная экономика: можно смелее вкладываться в привлечение

## Intermediate values

calculator-service = Служебные расчёты (не меняйте)
calculator-service-churn = Отток как доля c
calculator-service-hundredths = Покупок в год × 100
calculator-service-estimate = Оценка k по логарифму
calculator-service-profit-k = Накопленная прибыль к платежу k
calculator-service-profit-before = Накопленная прибыль к платежу k − 1
calculator-service-none = —

## Month table and chart

calculator-column-month = Месяц t
calculator-column-payments = Платежей к концу месяца n(t)
calculator-column-profit = Накопленная прибыль с клиента, ₽
calculator-column-cac = CAC, ₽
calculator-column-net = Прибыль минус CAC, ₽
calculator-column-payback = Окупаемость (месяц)
calculator-table-note = n(t) = ⌈t ÷ T⌉; G(n) = g·(1 − (1 − c)^n) ÷ c — ожидаемая прибыль с одного привлечённого клиента.
calculator-chart-title = Накопленная прибыль с клиента и CAC
calculator-chart-x = Месяц
calculator-chart-y = ₽

## Input checks

calculator-error-title = Проверьте значение
calculator-error-model = Выберите модель из списка.
calculator-error-price = Цена — число от { $min } до { $max } ₽.
calculator-error-per-year = Покупок в год — число от { $min } до { $max }.
calculator-error-churn = Отток — число от { $min } до { $max } %.
calculator-error-margin = Маржа — число от { $min } до { $max } % или пустая ячейка.
calculator-error-cac = CAC — число от { $min } до { $max } ₽.

## How to use

calculator-howto-title = Как пользоваться калькулятором
calculator-howto-inputs = Заполните жёлтые ячейки на листе «Калькулятор»: модель, цену, частоту покупок (только для повторных покупок), отток, маржу и CAC. Остальные ячейки считаются формулами.
calculator-howto-margin = Не знаете маржу — оставьте ячейку пустой: расчёт пойдёт по выручке, и LTV получится выше реального.
calculator-howto-ltv = LTV — сколько прибыли приносит один клиент за всё время. Сравнивайте с CAC: LTV / CAC от 3 — здоровая экономика, меньше 1 — каждый новый клиент в убыток.
calculator-howto-payback = Месяц окупаемости учитывает отток: это месяц, в котором ожидаемая прибыль с привлечённого клиента впервые покрывает CAC. На графике он отмечен красной точкой. Если LTV не больше CAC, клиент не окупается никогда.
calculator-howto-table = Лист «По месяцам» показывает накопленную прибыль по месяцам против CAC — по этим данным построен график.
calculator-howto-protect = Листы защищены от случайной правки без пароля: «Рецензирование → Снять защиту листа», если захотите изменить формулы.
calculator-howto-what-if = Проверяйте «что если»: снизьте отток на пятую часть или поднимите цену на 10 % и посмотрите, как меняются LTV / CAC и месяц окупаемости.
