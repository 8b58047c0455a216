# Jobs are not in the admin site: their parameters and results hold content (report sheets,
# linking results) that need-to-know governs. Administrators see every job on /jobs/.
# The task queue's own result rows (django_tasks_db) are taken out too: see `apps.py`.
