from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("staff/", views.staff, name="staff"),
    path("staff/new/", views.staff_member_create, name="staff_member_create"),
    path("staff/engagements/new/", views.engagement_create, name="engagement_create"),
    path("staff/engagements/<int:pk>/", views.engagement, name="engagement"),
    path("staff/engagements/<int:pk>/log/", views.engagement_note, name="engagement_note"),
    path("staff/engagements/<int:pk>/status/", views.engagement_move, name="engagement_move"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/edit/", views.event_edit, name="edit"),
    path("<slug:slug>/board/", views.board, name="board"),
    path("<slug:slug>/board/new/", views.task_create, name="task_create"),
    path("<slug:slug>/board/<int:pk>/", views.task, name="task"),
    path("<slug:slug>/board/<int:pk>/move/", views.task_move, name="task_move"),
    path("<slug:slug>/board/<int:pk>/comment/", views.task_comment, name="task_comment"),
]
