# Why a typed number or a value was refused. Keys: error-<code> for every
# core.parsing.ParseErrorCode and core.models.InputErrorCode (a test checks).

error-empty = Похоже, сообщение пустое — нужно число.
error-too-long = Слишком длинный ответ — нужно одно число.
error-not-a-number = Не получилось прочитать это как число.
error-negative = Число не может быть отрицательным.
error-not-finite = Слишком большое число.
error-price-too-low = Цена должна быть не меньше 1 ₽.
error-price-too-high = Цена должна быть не больше 100 000 000 ₽.
error-churn-zero = Отток не бывает нулевым: кто-то всегда уходит. Оцените хотя бы примерно — например, 2 %.
error-churn-too-low = Отток меньше 0,5 % — это больше 200 циклов жизни клиента; так не бывает. Укажите реальную оценку, например 2 %.
error-churn-too-high = Отток не может быть больше 100 %.
error-margin-out-of-range = Маржа — от 0 до 100 %.
error-cac-negative = Стоимость привлечения не может быть отрицательной.
error-cac-too-high = Стоимость привлечения должна быть не больше 100 000 000 ₽.
error-per-year-out-of-range = Частота покупок — от 0,1 до 52 раз в год.
error-per-year-missing = Для повторных покупок нужно указать, сколько раз в год покупает клиент.

cli-error = Ошибка в { $option }: { $reason }
cli-missing = Не хватает параметров: { $options }. Справка — { $prog } --help
cli-unknown = Неизвестные параметры: { $options }. Справка — { $prog } --help
cli-choice = Ошибка в { $option }: «{ $value }» — нет такого варианта; можно subscription или purchases.
cli-no-value = Ошибка в { $option }: после него нужно значение.
cli-usage = Не получилось разобрать параметры. { $usage }
