from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Reading room")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from articles.models import Article
        from articles.search import article_saved

        post_save.connect(article_saved, sender=Article, dispatch_uid="article_search_vector")
