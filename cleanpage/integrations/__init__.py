"""Integrations with the tools that run cleanpage at scale.

Each module imports its framework lazily and says how to install it:

- :mod:`cleanpage.integrations.scrapy`: an item pipeline and an add-on;
- :mod:`cleanpage.integrations.dask`: bags of WARC files or records, and
  dataframe columns;
- :mod:`cleanpage.integrations.spark`: a ``mapPartitions`` helper.

All of them clean pages through :func:`cleanpage.batch.process_job`, so a
page gives the same record whatever the engine and the parallelism.
"""
