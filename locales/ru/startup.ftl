# Lines the bot's owner sees in the terminal.

startup-no-token = Не задан или неверен BOT_TOKEN. Получите токен у @BotFather в Telegram и запишите его в переменную окружения BOT_TOKEN или в файл .env (образец — .env.example).
startup-bad-setting = Неверная настройка: { $names }. Образец — в .env.example.
