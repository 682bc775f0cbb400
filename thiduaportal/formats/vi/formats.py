# Vietnamese office conventions: dd/mm/yyyy, HH:mm, 1.234,5
from ..shared import *  # noqa: F403 - the dates both languages share

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
