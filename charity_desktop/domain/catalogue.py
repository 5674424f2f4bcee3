"""What a new office starts with. These are data (stored names), editable by the office."""

from __future__ import annotations

# (name, is a religious payment). Names as offices write them; see shared/docs/domain.md.
DEFAULT_INTENTS: tuple[tuple[str, bool], ...] = (
    ("ایتام", False),
    ("جهیزیه", False),
    ("درمان", False),
    ("مسکن", False),
    ("معیشت", False),
    ("اشتغال", False),
    ("تحصیل", False),
    ("فرهنگی", False),
    ("ورزشی", False),
    ("ساخت و بازسازی مراکز", False),
    ("تجهیزات", False),
    ("زکات", True),
    ("صدقات", True),
    ("کفارات", True),
    ("نذورات", True),
    ("فطریه", True),
    ("کمک‌های عمومی", False),
)
