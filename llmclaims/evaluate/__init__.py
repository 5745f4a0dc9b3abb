"""Evaluation: hand-made gold annotations, a deterministic scorer, reports and a CI gate."""

from .gold import GoldArticle, load_gold
from .score import ArticleScore, Scores, score_article, summarize

__all__ = ["ArticleScore", "GoldArticle", "Scores", "load_gold", "score_article", "summarize"]
