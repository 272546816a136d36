from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Reading room")

    def ready(self) -> None:
        from articles.claims.lookup import claim_normalize, claim_saved, claimant_saved
        from articles.infrastructure.permissions import ensure_roles
        from articles.models import Article, Claim, Claimant
        from articles.proposals.receivers import article_body_saved
        from articles.search.index import article_saved

        post_save.connect(article_saved, sender=Article, dispatch_uid="article_search_vector")
        post_save.connect(article_body_saved, sender=Article, dispatch_uid="article_proposals")
        pre_save.connect(claim_normalize, sender=Claim, dispatch_uid="claim_normalize")
        post_save.connect(claim_saved, sender=Claim, dispatch_uid="claim_normalized_fields")
        post_save.connect(claimant_saved, sender=Claimant, dispatch_uid="claimant_names")
        post_migrate.connect(ensure_roles, sender=self)
        # Connects the login-throttling signal receivers.
        import articles.views.accounts  # noqa: F401
