# The English interface keeps the dates of Vietnamese documents (dd/mm/yyyy, HH:mm) and writes 1,234.5
from ..shared import *  # noqa: F403 - the dates both languages share

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
