"""Stage 7, web: the Gradio app and its document library."""
