"""Where the tests find the checkout and the notices beside it, wherever a test file sits."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
SEED_002 = SEEDS / "002_4864ace11762c744.txt"
