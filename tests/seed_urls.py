"""The links of the seed roadmap (shared/seed/ml-roadmap.md), written out so the tests of the
bundled TOML and of the Markdown import check the same list, also where the seed is absent."""

from __future__ import annotations

# Where the seed puts each link: its month's row of the summary table and its month's section.
SEED_URLS_BY_MONTH = {
    1: {
        "https://www.khanacademy.org/math/linear-algebra",
        "https://www.khanacademy.org/math/calculus-1",
        "https://www.khanacademy.org/math/statistics-probability",
        "https://jakevdp.github.io/PythonDataScienceHandbook/",
        "https://matplotlib.org/stable/tutorials/index.html",
        "https://seaborn.pydata.org/",
    },
    2: {
        "https://www.coursera.org/learn/machine-learning",
        "https://scikit-learn.org/stable/documentation.html",
        "https://www.oreilly.com/library/view/hands-on-machine-learning/9781492032632/",
        "https://www.kaggle.com/learn/overview",
    },
    3: {
        "https://www.coursera.org/learn/intermediate-machine-learning",
        "https://xgboost.readthedocs.io/en/latest/",
        "https://www.kaggle.com/learn/feature-engineering",
        "https://www.coursera.org/specializations/deep-learning",
        "https://www.manning.com/books/deep-learning-with-python",
    },
    4: {
        "https://pytorch.org/tutorials/beginner/deep_learning_60min_blitz.html",
        "https://pytorch.org/tutorials/",
        "https://course.fast.ai/",
        "https://www.deeplearningbook.org/",
    },
    5: {
        "http://web.stanford.edu/class/cs224n/",
        "http://cs231n.stanford.edu/",
        "https://www.davidsilver.uk/",
        "https://flask.palletsprojects.com/en/2.0.x/",
        "https://www.udemy.com/course/docker-for-data-science/",
    },
    6: {
        "https://github.com/meta-llama/llama/",
        "https://www.kaggle.com/competitions",
        "https://opensource.guide/how-to-contribute/",
        "https://aws.amazon.com/machine-learning/",
        "https://cloud.google.com/ai-platform",
        "https://azure.microsoft.com/en-us/services/machine-learning/",
    },
}
# "Additional Resources" and "References": outside every month, so for the whole roadmap.
SEED_GENERAL_URLS = {
    "https://github.com/merveenoyan/ml-roadmap",
    "https://github.com/mrdbourke/machine-learning-roadmap",
    "https://github.com/chris-chris/ml-engineer-roadmap",
    "https://www.kaggle.com/",
    "https://www.reddit.com/r/MachineLearning/",
    "https://stackoverflow.com/questions/tagged/machine-learning",
    "https://www.geeksforgeeks.org/best-way-to-start-learning-python-a-complete-roadmap/",
    "https://www.codewithharry.com/blogpost/complete-ml-roadmap-for-beginners/",
}
# Every distinct link of the seed.
SEED_URLS = frozenset().union(*SEED_URLS_BY_MONTH.values(), SEED_GENERAL_URLS)
