# The project image. Default base: the TensorFlow image (needs Docker Hub). Any base with python3 (3.11) and
# pip or venv works, e.g. a Debian bookworm root file system imported as an image (scripts/docker_smoke.sh):
#   docker build -t tfgan_repro .
#   docker build --network host --build-arg BASE_IMAGE=tfgan-base:bookworm -t tfgan_repro .
#   docker run --rm -v "$PWD/runs:/app/runs" tfgan_repro paper_runs.toy_claims --seeds 0 --out runs/toy_claims
ARG BASE_IMAGE=tensorflow/tensorflow:2.21.0
FROM ${BASE_IMAGE}
WORKDIR /app
# A venv that sees the base's packages (the TensorFlow image's own TF is reused when the pin matches; Debian's
# python is externally managed, PEP 668). Where the base has no venv module, /opt/venv/bin/python3 is the base's
# python3 itself and pip installs beside the base's packages.
ENV PATH=/opt/venv/bin:$PATH \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_BREAK_SYSTEM_PACKAGES=1 \
    TF_CPP_MIN_LOG_LEVEL=2
RUN python3 -m venv --system-site-packages /opt/venv \
    || { rm -rf /opt/venv && mkdir -p /opt/venv/bin && ln -s "$(command -v python3)" /opt/venv/bin/python3; }
COPY requirements.txt .
RUN /opt/venv/bin/python3 -m pip install -r requirements.txt
# The sources in one step (.dockerignore keeps .git, .venv and runs out): each step copies the whole file system
# under the vfs storage driver, so few steps after the large pip layer keep the build quick there.
COPY . .
ENTRYPOINT ["python3", "-m"]
CMD ["paper_runs.toy_claims", "--out", "runs/toy_claims"]
