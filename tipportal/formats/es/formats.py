# "5 de enero de 2025, 3:15 p.m.": Spanish word order, with the 12-hour clock and the
# 1,500.50 number style that Spanish speakers in the United States (and Mexico) read every day;
# Django's generic Spanish formats use a 24-hour clock and 1 500,50.
DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, g:i a"
TIME_FORMAT = "g:i a"
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y g:i a"
FIRST_DAY_OF_WEEK = 0  # Sunday, as on calendars in the United States
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
