def code_runner():
    return None
