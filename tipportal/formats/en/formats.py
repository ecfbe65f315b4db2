# "Jan 5, 2025" and "Jan 5, 2025, 3:15 p.m.": Django's English formats without the AP-style
# period after the month.
DATE_FORMAT = "M j, Y"
DATETIME_FORMAT = "M j, Y, g:i a"
TIME_FORMAT = "g:i a"
