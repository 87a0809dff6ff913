"""Article loader: read Chinese partnership reports into entities and relations."""

from loaders.articles.extract import extract_article
from loaders.articles.gazetteer import Gazetteer
from loaders.articles.model import ArticleText, Entity, Evidence, Extraction, Relation
from loaders.articles.reader import read_article

__all__ = [
    "ArticleText",
    "Entity",
    "Evidence",
    "Extraction",
    "Gazetteer",
    "Relation",
    "extract_article",
    "read_article",
]
