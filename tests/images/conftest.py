from tests.articles.conftest import team  # noqa: F401  (one person per role)
