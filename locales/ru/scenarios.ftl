# Saved scenarios: saving a result under a name, the list, one scenario, changing,
# renaming, deleting and comparing two. Scenario names are the user's own text:
# the code escapes them before they reach any { $name } here.

cmd-scenarios = Мои сохранённые сценарии
btn-scenarios = 📂 Мои сценарии
btn-save = 💾 Сохранить

## Saving a result

scenario-model-subscription = Подписка
scenario-model-purchases = Покупки
# The name suggested for a new scenario: model, price and the day (22.11).
scenario-suggested-name = { $model } { $price } · { $date }

scenario-ask-name =
    <b>Как назвать сценарий?</b>

    Напишите название — до { $max } символов — или оставьте предложенное:
    <b>{ $name }</b>

    /cancel — не сохранять.
scenario-ask-name-again = Напишите название ещё раз — до { $max } символов — или оставьте предложенное: <b>{ $name }</b>
btn-keep-name = ✅ Оставить «{ $name }»
btn-cancel-name = ✖️ Отмена

scenario-name-too-long = Название слишком длинное: { $length } { $length ->
    [one] символ
    [few] символа
   *[many] символов
} при максимуме { $max }. Сократите его — сам я названия не обрезаю.
scenario-name-too-heavy = В названии слишком много составных символов (эмодзи, флагов, значков над буквами) — Telegram его не покажет. Сократите его, например: «Клуб 🎓».
scenario-name-empty = Название не может быть пустым.
scenario-name-invisible = В названии нет ни одного видимого символа — напишите хоть одну букву или эмодзи.
scenario-name-command = Название не может начинаться с «/» — так начинаются команды.
scenario-name-not-text = Название нужно прислать текстом.

scenario-saved = 💾 Сохранил сценарий «<b>{ $name }</b>». Он в «Моих сценариях» — команда /scenarios.
scenario-already-saved = Этот расчёт уже сохранён как «<b>{ $name }</b>» — второй раз сохранять не нужно.
scenario-save-cancelled = Хорошо, сценарий не сохраняю.
scenario-nothing-to-save = Этого расчёта уже нет в памяти — посчитайте заново и сохраните результат.
scenario-limit = Сохранить не получилось: у вас уже { $limit } { $limit ->
    [one] сценарий
    [few] сценария
   *[many] сценариев
} — это максимум. Удалите старые, которые больше не нужны, и сохраните снова.
btn-oldest = 🗑 К самым старым

## The list

scenario-list = <b>📂 Мои сценарии</b> — { $count } { $count ->
    [one] сценарий
    [few] сценария
   *[many] сценариев
}
scenario-list-hint = Новые сверху. На кнопке — LTV / CAC, название и день сохранения.
    Цвет — по LTV / CAC: 🟢 от 3× — здоровая экономика, 🟡 1–3× — окупается, но тонко, 🔴 меньше 1× — убыток.
    Нажмите на сценарий, чтобы открыть его, изменить, сравнить с другим, переименовать или удалить.
scenario-list-page = Страница { $page } из { $pages }
# A list button, at most 34 characters: only the name is cut to fit.
scenario-button = { $mark } { $ratio } · { $name } · { $date }
scenario-button-broken = ⚠️ { $name } · { $date }
scenario-ratio-organic = CAC 0
btn-page-previous = ‹
btn-page-next = ›

scenario-empty =
    У вас пока нет сохранённых сценариев.

    Сценарий — это сохранённый расчёт: его можно открыть снова, изменить и сравнить с другим вариантом. Посчитайте LTV и нажмите «💾 Сохранить» под результатом.

## One scenario

scenario-card =
    📁 <b>{ $name }</b>
    <i>Сохранён { $saved }</i>
    { $inputs }

    LTV { $basis }: <b>{ $ltv }</b>; { $horizon }
    LTV / CAC: <b>{ $ratio }</b> — { $verdict }
    Окупаемость: { $payback }
    Предельный CAC (для 3×): { $breakeven }
scenario-card-input = { $label }: { $value }
scenario-card-payback = на { $month }-м месяце
scenario-saved-at = { $date } в { $time } (МСК)
scenario-broken = Сценарий «<b>{ $name }</b>» больше не получается посчитать: его цифры не подходят под нынешние правила расчёта. Его можно удалить.
scenario-not-found = Сценарий не найден
scenario-not-found-long = Такого сценария нет — возможно, он уже удалён.

btn-scenario-edit = ✏️ Изменить ответ
btn-scenario-rename = 🏷 Переименовать
btn-scenario-delete = 🗑 Удалить
btn-scenario-compare = 🔀 Сравнить с другим
btn-scenario-open = 📁 Открыть сценарий
btn-to-list = ‹ К списку

## Changing an answer: the result becomes a new scenario

scenario-edit-intro = Меняем ответы сценария «<b>{ $name }</b>». После расчёта я сохраню результат как новый сценарий, а этот останется как был.
scenario-version-saved = 💾 Сохранил результат как новый сценарий «<b>{ $name }</b>». Сценарий «{ $origin }» не изменился.
btn-compare-with-origin = 🔀 Сравнить с исходным

## Renaming

scenario-ask-rename =
    Как переименовать сценарий «<b>{ $name }</b>»?

    Напишите новое название — до { $max } символов. /cancel — оставить как есть.
scenario-ask-rename-again = Напишите новое название ещё раз — до { $max } символов.
scenario-renamed = 🏷 Готово: сценарий «{ $old }» теперь называется «<b>{ $name }</b>».
scenario-rename-cancelled = Хорошо, название осталось прежним.

## Deleting

scenario-confirm-delete = Удалить сценарий «<b>{ $name }</b>»? Вернуть его будет нельзя.
btn-delete-yes = 🗑 Да, удалить
btn-delete-no = Нет, оставить
scenario-deleted = 🗑 Сценарий «{ $name }» удалён.
scenario-kept = Хорошо, сценарий «<b>{ $name }</b>» остаётся.

## Comparing two scenarios

scenario-pick-second = С каким сценарием сравнить «<b>{ $name }</b>»?
scenario-compare-alone = Сравнивать пока не с чем: это ваш единственный сценарий. Посчитайте другой вариант и сохраните его — тогда их можно будет сравнить.

compare =
    🔀 <b>Сравнение сценариев</b>
    1️⃣ { $first }
    2️⃣ { $second }

    <b>Ответы</b>
    { $inputs }

    <b>Результат</b>
    { $results }
compare-revenue-note = <i>Где маржа не указана, LTV и окупаемость посчитаны по выручке.</i>
compare-line = • { $label }: { $before } → <b>{ $after }</b> ({ $change })
compare-line-plain = • { $label }: { $before } → <b>{ $after }</b>
compare-line-same = • { $label }: { $value } — без изменений
compare-change = { $absolute }, { $percent }

compare-price-mixed = цена / средний чек
compare-churn-mixed = отток за цикл
compare-per-year-subscription = каждый месяц (подписка)
compare-margin-skipped = не указана
compare-ltv = LTV
compare-revenue = выручка с клиента
compare-ratio = LTV / CAC
compare-ratio-undefined = не определено (CAC = 0)
compare-payback = окупаемость
compare-payback-month = { $month }-й мес.
compare-payback-never = не окупается
compare-payback-now = сразу
compare-lifetime = жизнь клиента
compare-net = LTV − CAC
compare-breakeven = предельный CAC (для 3×)
compare-points = { $value } п. п.
compare-months = { $value } мес.
