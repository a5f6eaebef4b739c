"Install co2s from settings.ini (nbdev 2.x keeps its metadata there)."
from configparser import ConfigParser
import setuptools

cfg = ConfigParser(delimiters=['='])
cfg.read('settings.ini', encoding='utf-8')
cfg = cfg['DEFAULT']
reqs = lambda key: cfg.get(key, '').split()

licenses = dict(apache2=('Apache Software License 2.0', 'OSI Approved :: Apache Software License'))
lic = licenses[cfg['license']]
statuses = ['1 - Planning', '2 - Pre-Alpha', '3 - Alpha', '4 - Beta', '5 - Production/Stable']

setuptools.setup(
    name=cfg['lib_name'], version=cfg['version'], description=cfg['description'],
    long_description=open('README.md', encoding='utf-8').read(), long_description_content_type='text/markdown',
    author=cfg['author'], author_email=cfg['author_email'], license=lic[0], url=cfg['git_url'],
    keywords=cfg['keywords'].split(),
    classifiers=['Development Status :: ' + statuses[int(cfg['status'])], 'License :: ' + lic[1],
                 'Natural Language :: English', 'Programming Language :: Python :: 3.11'],
    packages=setuptools.find_packages(include=['co2s', 'co2s.*']), include_package_data=True,
    package_data={'co2s': ['assets/*']},
    python_requires='>=' + cfg['min_python'],
    install_requires=reqs('requirements'),
    extras_require=dict(dev=reqs('dev_requirements'), maps=reqs('maps_requirements'), docs=reqs('docs_requirements')),
    entry_points={'console_scripts': cfg['console_scripts'].split(), 'nbdev': [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"]},
    zip_safe=False,
)
