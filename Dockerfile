# Runs any paper script:  docker build -t tfgan_repro . && \
#   docker run --rm -v "$PWD/runs:/app/runs" tfgan_repro paper_runs.sample_weighting ring --out runs
FROM tensorflow/tensorflow:2.21.0
WORKDIR /app
COPY requirements.txt .
RUN python -m pip install --no-cache-dir -r requirements.txt
COPY tfgan_repro tfgan_repro
COPY paper_runs paper_runs
COPY benchmarks benchmarks
COPY tests tests
ENV TF_CPP_MIN_LOG_LEVEL=2
ENTRYPOINT ["python", "-m"]
CMD ["paper_runs.toy_claims", "--out", "runs/toy_claims"]
