# What the user reads when a step failed unexpectedly (bot.handlers.errors).

bot-error = Что-то пошло не так — попробуйте ещё раз или начните заново: /calc
