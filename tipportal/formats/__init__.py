"""Date and number formats for the site's languages (FORMAT_MODULE_PATH), over Django's own.

Templates use the named formats (DATE_FORMAT, DATETIME_FORMAT, YEAR_MONTH_FORMAT...), never a
fixed pattern, so each language shows dates in its own order and words. Both languages follow
the conventions of the United States, where the site's readers live: a 12-hour clock, weeks that
start on Sunday, and 1,500.50 for numbers (as on every price and dollar amount they see).
"""
