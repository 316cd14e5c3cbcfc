from rest_framework.views import APIView
class TaskRunApi(APIView): pass
class TaskResultApi(APIView): pass
class TaskReportApi(APIView): pass
class TaskCancelApi(APIView): pass
class TaskValidateApi(APIView): pass
