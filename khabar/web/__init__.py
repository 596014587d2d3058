"""The pages ``khabar serve`` serves: HTML, CSS and JavaScript files, read with importlib.resources."""
