# The author's side: /stats, /leads, /broadcast (owners only), and «Отписаться» for everyone.

cmd-stats = Статистика: источники и воронка
cmd-leads = Список лидов в Excel
cmd-broadcast = Рассылка всем подписчикам
cmd-stop = Не получать рассылки

## /stats

stats-title = 📊 <b>Воронка</b> — люди, пришедшие за период, и сколько из них дошли до каждого шага
stats-empty = 📊 Пока никто не написал боту — считать нечего.
stats-period-today = Сегодня
stats-period-week = 7 дней
stats-period-all = Всего
stats-came = Пришли
stats-step-toolkit = Взяли набор
stats-step-started = Начали расчёт
stats-step-result = Получили итог
stats-step-saved = Сохранили
stats-step-checklist = Чек-лист
stats-step-blocked = Заблокировали
stats-funnel =
    <b>Конверсия</b> · { $period }
    % — от шага выше (сохранили и чек-лист — от получивших итог, заблокировали — от пришедших); полоса — доля пришедших
stats-sources = <b>По источникам</b> · { $period }
stats-source =
    <b>{ $source }</b> — пришли { $came }
    набор { $toolkit } ({ $toolkit_share }) → расчёт { $started } ({ $started_share }) → итог { $result } ({ $result_share }) → сохранили { $saved } ({ $saved_share })
    чек-лист { $checklist } · заблокировали { $blocked }
stats-sources-more = …и ещё { $count } { $count ->
    [one] источник
    [few] источника
   *[many] источников
}: пришли { $came }
stats-sources-none = За этот период никто не пришёл.
stats-source-direct = direct — написали без ссылки
stats-source-unknown = до учёта источников
btn-stats-today = Сегодня
btn-stats-week = 7 дней
btn-stats-all = Всё время

## /leads

leads-caption = 📋 Лиды: { $count } { $count ->
    [one] человек
    [few] человека
   *[many] человек
}, из них заблокировали бота — { $blocked }, отписались от рассылок — { $unsubscribed }. Открывается в Excel, Google Таблицах и LibreOffice.
leads-file = Лиды LTV-бота { $date }.xlsx
leads-empty = 📋 Пока никто не написал боту — список пуст.
leads-title = Лиды LTV-бота
leads-author = LTV-бот
leads-sheet = Лиды
leads-column-id = ID в Telegram
leads-column-username = Username
leads-column-name = Имя
leads-column-first-seen = Пришёл (МСК)
leads-column-source = Источник
leads-column-kit = Набор отправлен (МСК)
leads-column-calculations = Расчётов
leads-column-ratio = Последний LTV/CAC
leads-column-scenarios = Сценариев
leads-column-last-active = Последняя активность (МСК)
leads-column-reach = Доступен ли
leads-column-consent = Рассылки
leads-reachable = доступен
leads-blocked = заблокировал бота { $date }
leads-subscribed = получает
leads-unsubscribed = отписался { $date }
leads-ratio-undefined = —
leads-source-unknown = до учёта источников

## /broadcast

broadcast-ask =
    ✉️ <b>Рассылка</b>

    Пришлите сообщение, которое получат все, кто писал боту: текст с оформлением или одно фото с подписью. Оно уйдёт ровно таким, каким вы его пришлёте, с кнопкой «Отписаться» под ним.

    Сначала покажу, как оно выглядит, и сколько человек его получат; отправлю только после подтверждения. Передумали — /cancel.
broadcast-wrong-kind = Рассылка умеет текст с оформлением или одно фото с подписью. Пришлите такое сообщение — или /cancel.
broadcast-album = Альбом в рассылку не уходит: пришлите одно фото с подписью — или /cancel.
broadcast-cancelled = Рассылку не отправляю.
broadcast-draft = ☝️ Так рассылку увидят получатели. Её получат { $count } { $count ->
    [one] человек
    [few] человека
   *[many] человек
} — все, кто писал боту, кроме заблокировавших его и отписавшихся.
broadcast-draft-nobody = ☝️ Так выглядит рассылка, но отправлять её пока некому: никто из писавших боту не может её получить.
broadcast-confirm = Отправить рассылку { $count } { $count ->
    [one] человеку
   *[other] людям
}? Остановить можно в любой момент, но уже доставленное не вернуть.
broadcast-progress =
    📤 <b>Рассылка идёт</b>: { $done } из { $total }
    доставлено { $sent } · заблокировали бота { $blocked } · не доставлено { $failed }
broadcast-starting = 📤 <b>Рассылка начинается</b>…
broadcast-done =
    ✅ <b>Рассылка завершена</b>
    Доставлено: { $sent }
    Заблокировали бота: { $blocked }
    Не доставлено: { $failed }
    Пропущено (заблокировали бота или отписались, пока шла рассылка): { $skipped }
broadcast-stopped =
    ⏹ <b>Рассылка остановлена</b>
    Доставлено: { $sent }
    Заблокировали бота: { $blocked }
    Не доставлено: { $failed }
    Пропущено (заблокировали бота или отписались, пока шла рассылка): { $skipped }
    Не отправлено из-за остановки: { $left }
broadcast-source-gone = Исходное сообщение рассылки удалено из чата, копировать больше нечего — рассылка остановлена.
broadcast-discarded = Черновик рассылки удалён, никто его не получил.
broadcast-test-sent = Отправил вам копию — ровно так её получат люди.
broadcast-stopping = Останавливаю рассылку…
broadcast-preview-alert = Это предпросмотр. У получателей эта кнопка отписывает от рассылок.
broadcast-stale = Эта рассылка уже отправлена или отменена.
btn-broadcast-test = 🧪 Тест себе
btn-broadcast-send = 📤 Отправить
btn-broadcast-discard = ✖️ Удалить черновик
btn-broadcast-confirm = ✅ Да, отправить
btn-broadcast-back = ← Назад
btn-broadcast-stop = ⏹ Остановить

## Consent, for everyone

btn-unsubscribe = Отписаться
btn-resubscribe = 🔔 Вернуть рассылки
unsubscribed = 🔕 Вы отписались: рассылок больше не будет. Всё остальное в боте работает как прежде.
resubscribed = 🔔 Рассылки снова будут приходить.
