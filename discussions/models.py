"""Comments on an object of another app (an idea, a proposal): a thread between its authors and
those who decide it, and internal notes that only the deciders and the committee read."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_BODY = 4000


class Audience(models.TextChoices):
    THREAD = "thread", _("Authors and reviewers")
    INTERNAL = "internal", _("Internal note (reviewers and the committee only)")


class Comment(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    audience = models.CharField(_("who reads it"), max_length=10, choices=Audience.choices)
    body = models.TextField(_("comment"), max_length=MAX_BODY)
    mentioned = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("mentioned"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.author} · {self.created_at:%d/%m/%Y %H:%M}"
