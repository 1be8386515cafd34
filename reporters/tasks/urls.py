from django.urls import path

from reporters.tasks import views

urlpatterns: list = [
    path("", views.task_list, name="task_list"),
    path("new/", views.task_new, name="task_new"),
    path("<id:pk>/", views.task_detail, name="task_detail"),
    path("<id:pk>/answer/", views.task_answer, name="task_answer"),
    path("<id:pk>/complete/", views.task_complete, name="task_complete"),
]
