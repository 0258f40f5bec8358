"""The one outgoing path and the durable intake: pacing, lanes, retries, jobs, inbox."""

from bot.delivery.budget import Lane, LocalBudget, RateBudget, bulk, current_lane
from bot.delivery.intake import Inbox, Intake
from bot.delivery.jobs import BulkWorker, Job, JobHandler, JobQueue, JobStatus, Step
from bot.delivery.polling import poll
from bot.delivery.sender import Delivery, Unreachable

__all__ = [
    "BulkWorker",
    "Delivery",
    "Inbox",
    "Intake",
    "Job",
    "JobHandler",
    "JobQueue",
    "JobStatus",
    "Lane",
    "LocalBudget",
    "RateBudget",
    "Step",
    "Unreachable",
    "bulk",
    "current_lane",
    "poll",
]
