"""URL routes of the reading room."""

from django.conf.urls.i18n import set_language
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from articles.views import reading, search

urlpatterns = [
    path("", reading.article_list, name="home"),
    path("articles/<int:pk>/", reading.article_detail, name="article_detail"),
    path("search/", search.search_page, name="search"),
    # Answers anonymous callers itself (401 JSON), instead of redirecting them to the login page.
    path("api/search", login_not_required(search.search_api), name="search_api"),
    path("accounts/", include("django.contrib.auth.urls")),
    # Switching language must work on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
