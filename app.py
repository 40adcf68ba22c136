from qa.web.serve import main  # the web app: python app.py [--port 7860] [--auth USER:PASSWORD]
if __name__ == "__main__":
    raise SystemExit(main())
