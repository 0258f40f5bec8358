"""``python -m bot [run | healthcheck | set-webhook]``: :func:`bot.cli.main`.

The collector is held first (:func:`bot.heap.hold`), before aiogram's import: start builds
some 240 000 objects that live as long as the process and next to no garbage.
"""

if __name__ == "__main__":
    from bot import heap

    heap.hold()
    from bot.cli import main

    raise SystemExit(main())
