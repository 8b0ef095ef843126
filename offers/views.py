def home(r):
    pass


catalogue = offer_detail = gap_list = gap_detail = home
