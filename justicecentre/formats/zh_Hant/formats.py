"""Traditional Chinese as written in Hong Kong.

Long dates read 2026年3月5日. Short dates follow Hong Kong government forms (入境事務處,
法律援助署): DD/MM/YYYY, so a date reads the same in both languages of a bilingual form.
"""

DATE_FORMAT = "Y年n月j日"  # 2026年3月5日
SHORT_DATE_FORMAT = "d/m/Y"  # 05/03/2026
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
FIRST_DAY_OF_WEEK = 0  # 星期日
# ISO first: <input type="date"> always posts YYYY-MM-DD.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d", "%Y年%m月%d日"]
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
