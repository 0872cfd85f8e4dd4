"""Pages: view-models, the emotion curve's geometry, the Jinja environment, publishing a site."""
