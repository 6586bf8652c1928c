"""English as written in Hong Kong: day before month (British order), 24-hour clock."""

DATE_FORMAT = "j M Y"  # 5 Mar 2026
SHORT_DATE_FORMAT = "d/m/Y"  # 05/03/2026
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
# Sunday, as Hong Kong calendars print the week.
FIRST_DAY_OF_WEEK = 0
# ISO first: <input type="date"> always posts YYYY-MM-DD. Then what people type by hand.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
