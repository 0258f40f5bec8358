# What the user reads when a step failed unexpectedly (bot.handlers.errors).

bot-error = Что-то пошло не так — попробуйте ещё раз или начните заново: /calc
bot-storage-failed = Не получилось сохранить — попробуйте ещё раз через минуту. Ваш расчёт на том же шаге.
