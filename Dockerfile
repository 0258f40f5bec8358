# syntax=docker/dockerfile:1
# LTV-бот. Build: docker build -t ltv-bot .   Run: see compose.yaml and README («Deploy»).

FROM python:3.11-slim-bookworm AS build

ENV VIRTUAL_ENV=/opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src

RUN python -m venv "$VIRTUAL_ENV"

COPY pyproject.toml README.md ./
COPY core/ core/
COPY bot/ bot/
COPY l10n/ l10n/
COPY locales/ locales/

# The pip cache lives in a BuildKit cache mount, never in a layer.
# l10n reads its texts from "locales/" beside its package, so they go next to it in site-packages.
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install . \
    && cp -r locales "$(python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/"


FROM python:3.11-slim-bookworm

ENV VIRTUAL_ENV=/opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1

# A fixed numeric id, so "runAsNonRoot" checks and volume owners can rely on it.
RUN groupadd --system --gid 10001 bot \
    && useradd --system --uid 10001 --gid bot --create-home --home-dir /home/bot \
        --shell /usr/sbin/nologin bot \
    && mkdir -p /app/data \
    && chown bot:bot /app/data \
    && chmod 0700 /app/data

COPY --from=build /opt/venv /opt/venv

WORKDIR /app
USER 10001:10001
VOLUME ["/app/data"]
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["python", "-m", "bot", "healthcheck"]
CMD ["python", "-m", "bot"]
