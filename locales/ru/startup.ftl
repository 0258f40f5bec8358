# Lines the bot's owner sees in the terminal: one line each, naming the setting to fix.

startup-no-token = Не задан или неверен BOT_TOKEN. Получите токен у @BotFather в Telegram и запишите его в переменную окружения BOT_TOKEN или в файл .env (образец — .env.example).
startup-bad-setting = Неверная настройка: { $names }. Образец — в .env.example.
startup-webhook-incomplete = BOT_MODE=webhook: не задан { $names } (адрес, который получит Telegram, и секрет из 1–256 символов A–Z a–z 0–9 _ -).
startup-token-refused = Telegram не принимает BOT_TOKEN: токен отозван или набран с ошибкой. Получите действующий у @BotFather.
startup-telegram-unreachable = Telegram не отвечает (TELEGRAM_API_URL: { $where }). Проверьте адрес и сеть; бот попробует снова при следующем запуске.
startup-webhook-refused = Telegram не принял WEBHOOK_URL: { $reason }. Нужен адрес https://, доступный из интернета.
startup-port-busy = WEBHOOK_HOST и WEBHOOK_PORT: не удаётся принимать запросы на { $host }:{ $port } (порт занят или адрес не этого сервера).
startup-db-not-database = DATABASE_URL: { $path } — не база данных SQLite. Укажите другой файл или восстановите этот из резервной копии.
startup-db-directory = DATABASE_URL: { $path } — папка, а нужен файл базы данных, например sqlite:///data/ltv.db.
startup-db-readonly = DATABASE_URL: нет права записи в { $path } или в её папку. Бот должен иметь право записи в оба.
startup-db-locked = DATABASE_URL: база { $path } занята другим процессом. Остановите его (второй бот? открытый sqlite3?) и запустите бота снова.
startup-db-damaged = DATABASE_URL: база { $path } повреждена. Восстановите её из резервной копии.
startup-db-newer = DATABASE_URL: база записана более новой версией бота (схема v{ $found }, эта версия знает до v{ $known }). Обновите бота, а не открывайте базу старой версией.
startup-db-unreachable = DATABASE_URL: сервер PostgreSQL не отвечает. Проверьте адрес и порт и что сервер запущен.
startup-db-refused = DATABASE_URL: PostgreSQL не пускает бота. Проверьте имя пользователя, пароль и имя базы.
startup-db-failed = DATABASE_URL: базой нельзя пользоваться ({ $reason }).
startup-redis-unreachable = REDIS_URL: Redis не отвечает. Проверьте адрес и порт и что сервер запущен.
startup-redis-refused = REDIS_URL: Redis не пускает бота ({ $reason }). Проверьте пароль и номер базы.
startup-db-missing = DATABASE_URL: нет файла базы { $path } (бот создаёт его при запуске).
startup-usage = Команды: python -m bot [{ $commands }] (без команды — run).
webhook-set = Webhook задан: Telegram присылает обновления на { $url }.
health-ok = Бот в порядке (режим { $mode }).
health-bad = Бот неисправен: { $reason }
