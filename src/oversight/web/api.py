"""My work and notifications over the API: the caller's own, nothing else."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from oversight.core.api import Pagination
from oversight.core.models import Notification
from oversight.petitions.views import _still_visible, unread_count
from oversight.web import mywork


class MyWorkItemSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["petition", "matter", "direction",
                                            "recommendation", "appraisal"])
    id = serializers.IntegerField()
    title = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    days_left = serializers.IntegerField(
        allow_null=True, help_text="Working days to the deadline; negative when overdue.")
    overdue = serializers.BooleanField()
    action = serializers.CharField(help_text="What the record waits for, in words.")
    assigned = serializers.BooleanField(
        help_text="Assigned to the caller (else awaiting the caller's unit or decision).")
    unit = serializers.CharField()
    link = serializers.CharField()


class MyWorkView(APIView):
    """Everything assigned to the caller or awaiting their decision, most urgent first (the
    `/my/` page): petitions, matters, directions, inspection recommendations, appraisals."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="my_work", responses=inline_serializer("MyWork", {
        "count": serializers.IntegerField(),
        "results": MyWorkItemSerializer(many=True)}))
    def get(self, request):
        items = [i.as_json() for i in mywork.items_for(request.user)]
        return Response({"count": len(items),
                         "results": MyWorkItemSerializer(items, many=True).data})


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    # said in the caller's language (Accept-Language / the language cookie), not the
    # language of whoever caused the notice
    text = serializers.CharField(source="sentence")
    link = serializers.CharField()
    record_type = serializers.CharField()
    record_id = serializers.IntegerField(allow_null=True)
    read = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class NotificationListView(APIView):
    """The caller's notifications, unread first, newest first within each (`?unread=1`: only
    the unread). Paginated like every list."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="notifications_list",
                   parameters=[OpenApiParameter("unread", bool), OpenApiParameter("page", int),
                               OpenApiParameter("page_size", int)],
                   responses=inline_serializer("PaginatedNotifications", {
                       "count": serializers.IntegerField(),
                       "next": serializers.URLField(allow_null=True),
                       "previous": serializers.URLField(allow_null=True),
                       "results": NotificationSerializer(many=True),
                       "unread": serializers.IntegerField(
                           help_text="Unread notices the caller may still open."),
                   }))
    def get(self, request):
        rows = Notification.objects.filter(user=request.user).order_by(
            "read", "-created_at", "-id")
        if request.query_params.get("unread") in ("1", "true", "yes"):
            rows = rows.filter(read=False)

        pager = Pagination()
        # a notice about a record the caller may no longer open is left out (as on the page)
        page = _still_visible(request.user, pager.paginate_queryset(rows, request, view=self))
        response = pager.get_paginated_response(NotificationSerializer(page, many=True).data)
        response.data["unread"] = unread_count(request.user)
        return response


class NotificationReadView(APIView):
    """Mark one of the caller's notifications read (another user's answers 404)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="notifications_read", request=None,
                   responses=NotificationSerializer)
    def post(self, request, pk):
        from django.shortcuts import get_object_or_404


        note = get_object_or_404(Notification, pk=pk, user=request.user)
        if not note.read:
            note.read = True
            note.save(update_fields=["read"])
        return Response(NotificationSerializer(note).data)


class NotificationReadAllView(APIView):
    """Mark all the caller's notifications read; answers how many were unread."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="notifications_read_all", request=None,
                   responses=inline_serializer("NotificationsRead",
                                               {"marked": serializers.IntegerField()}))
    def post(self, request):
        marked = Notification.objects.filter(user=request.user, read=False).update(read=True)
        return Response({"marked": marked})
