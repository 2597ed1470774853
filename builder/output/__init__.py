"""Output: `jobboard build`: load, assemble and render a board with the build cache and worker
processes, and write the site into its output folder (only changed files, all or nothing).

May import: `load`, `model`, `search`, `render`.
"""
