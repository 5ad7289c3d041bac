"""Where the project's own files live (the repository is the installed project)."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_DIR = PROJECT_ROOT / "dbt"
SEEDS_DIR = PROJECT_ROOT / "seeds"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
REPORT_TEMPLATES_DIR = PROJECT_ROOT / "report_templates"
CONFIG_DIR = PROJECT_ROOT / "config"
DISTRIBUTORS_FILE = CONFIG_DIR / "distributors.yml"
