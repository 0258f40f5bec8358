# The LTV toolkit (sent for «LTV», /toolkit, the menu and the link ?start=ltv) and the checklist.

## The toolkit

toolkit-ready =
    🎁 <b>Набор инструментов LTV</b> — три файла выше.

    С чего начать: посчитайте LTV, найдите свой главный рычаг — и берите из чек-листа и воронки пункты про него.

    Хотите цифры по своему бизнесу? Ответьте на пять-шесть вопросов — покажу LTV, окупаемость и пришлю чек-лист, расставленный под ваши цифры.
toolkit-ready-resume =
    🎁 <b>Набор инструментов LTV</b> — три файла выше.

    Продолжим расчёт с того же места?
toolkit-outro = Хотите цифры по своему бизнесу? Ответьте на пять-шесть вопросов — покажу LTV, окупаемость и пришлю чек-лист, расставленный под ваши цифры.
toolkit-resume = Файлы выше. Продолжим расчёт с того же места.

## File names (what the user sees and saves) and captions under the files

toolkit-file-checklist = Чек-лист — как удвоить LTV.pdf
toolkit-file-funnel = Воронка удержания и допродаж — шаблон.xlsx
toolkit-file-calculator = Калькулятор LTV.xlsx
toolkit-file-checklist-personal = Чек-лист — как удвоить LTV (ваши цифры).pdf

toolkit-caption-checklist = ✅ <b>Чек-лист «Как удвоить LTV»</b> — что сделать, чтобы клиенты покупали дольше и больше. Отмечайте сделанное галочкой и возвращайтесь к нему раз в месяц.
toolkit-caption-funnel = 📨 <b>Шаблон воронки удержания и допродаж</b> — касания с клиентом от первой покупки до повторной, а для клуба — до продления и возврата ушедших: когда, что запускает, куда и что отправить. Перепишите сообщения своими словами.
toolkit-caption-calculator = 🧮 <b>Калькулятор LTV</b> — заполните жёлтые ячейки: цену, отток, маржу и CAC. Формулы посчитают LTV, LTV / CAC и месяц окупаемости — так же, как я.
toolkit-caption-checklist-general = ✅ Чек-лист «Как удвоить LTV». Посчитайте свой LTV — и я пришлю его с вашими цифрами, расставив пункты по тому, что важнее для вас.
toolkit-caption-checklist-personal = ✅ Чек-лист под ваши цифры: в начале — то, что сильнее всего сдвинет именно вашу экономику.
toolkit-caption-checklist-personal-first = ✅ Чек-лист под ваши цифры. Первым — раздел «{ $section }»: { $reason }

## Buttons and commands

btn-toolkit = 🎁 Набор инструментов LTV
btn-checklist = ✅ Чек-лист «Как удвоить LTV»
btn-checklist-personal = ✅ Чек-лист для вас
btn-calc-own = 🧮 Рассчитать свой LTV
btn-resume = ▶️ Продолжить расчёт

cmd-toolkit = Набор инструментов LTV: чек-лист, воронка, калькулятор
cmd-checklist = Чек-лист «Как удвоить LTV»
