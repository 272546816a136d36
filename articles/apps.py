from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Reading room")

    def ready(self) -> None:
        from articles.infrastructure.permissions import ensure_roles
        from articles.models import Article
        from articles.proposals.receivers import article_body_saved
        from articles.search.index import article_saved

        post_save.connect(article_saved, sender=Article, dispatch_uid="article_search_vector")
        post_save.connect(article_body_saved, sender=Article, dispatch_uid="article_proposals")
        post_migrate.connect(ensure_roles, sender=self)
        # Connects the login-throttling signal receivers.
        import articles.views.accounts  # noqa: F401
