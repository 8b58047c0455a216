"""`oversight jobs`: list jobs, start one, or put jobs of a dead worker back in the queue.

    oversight jobs                       # the latest jobs
    oversight jobs --start search_rebuild
    oversight jobs --requeue-stale       # running jobs with no progress for 30 minutes
    oversight jobs --run-queued          # run every queued job here, then exit (scripts, tests)
"""

from django.core.management.base import CommandError

from oversight.base.commands import RecordedCommand
from oversight.core import jobs
from oversight.jobs.models import Job


class Command(RecordedCommand):
    help = "List, start or requeue background jobs."

    def add_arguments(self, parser):
        parser.add_argument("--start", metavar="NAME")
        parser.add_argument("--requeue-stale", action="store_true")
        parser.add_argument("--run-queued", action="store_true",
                            help="Run the queued jobs in this process (retries included), "
                                 "then exit.")

    def handle(self, *args, start=None, requeue_stale=False, run_queued=False, **options):
        if start:
            if start not in jobs.REGISTRY:
                raise CommandError(f"Unknown job; choose from {', '.join(jobs.REGISTRY)}.")
            job = jobs.enqueue(start, self.acting_user)
            self.stdout.write(f"Enqueued job {job.pk} ({job.label}).")
        if requeue_stale:
            self.stdout.write(f"Requeued {jobs.requeue_stale()} stale job(s).")
        if run_queued:
            ran = jobs.run_queued()
            for job_id, status in ran:
                self.stdout.write(f"job {job_id}: {status}")
            self.stdout.write(f"Ran {len(ran)} attempt(s).")
        if not start and not requeue_stale and not run_queued:
            for job in Job.objects.all()[:20]:
                self.stdout.write(f"{job.pk:>6} {job.name:<16} {job.status:<10} "
                                  f"{job.done}/{job.total} {job.created_at:%Y-%m-%d %H:%M}")
