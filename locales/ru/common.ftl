# Words shared by the bot, the command line and the documents.

months = { $count ->
    [one] { $value } месяц
    [few] { $value } месяца
    [many] { $value } месяцев
   *[other] { $value } месяца
}
